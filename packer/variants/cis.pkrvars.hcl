# Packer variables for the cis variant: packer build -var-file=variants/cis.pkrvars.hcl .
variant     = "cis"
ami_config  = "variants/cis.toml"
