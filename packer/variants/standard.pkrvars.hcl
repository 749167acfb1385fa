# Packer variables for the standard variant: packer build -var-file=variants/standard.pkrvars.hcl .
variant     = "standard"
ami_config  = "variants/standard.toml"
