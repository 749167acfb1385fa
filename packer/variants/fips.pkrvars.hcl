# Packer variables for the fips variant: packer build -var-file=variants/fips.pkrvars.hcl .
variant     = "fips"
ami_config  = "variants/fips.toml"
