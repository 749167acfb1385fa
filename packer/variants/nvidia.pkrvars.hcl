# Packer variables for the nvidia variant: packer build -var-file=variants/nvidia.pkrvars.hcl .
variant     = "nvidia"
ami_config  = "variants/nvidia.toml"
instance_type = "g5.xlarge"
volume_size   = 60
