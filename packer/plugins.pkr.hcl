# Packer >= 1.7 installs the Amazon plugin from this block (`packer init .`). It lives in its own file
# because older Packer (Debian's 1.6.6, which the test suite validates with) cannot parse it; the test
# copies every other file.
packer {
  required_version = ">= 1.7.0"
  required_plugins {
    amazon = {
      version = ">= 1.3.0"
      source  = "github.com/hashicorp/amazon"
    }
  }
}
