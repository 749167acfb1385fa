variable "variant" {
  type        = string
  description = "Image variant: standard, nvidia, cis or fips; names the AMI and tags it."
  default     = "standard"
}

variable "ami_config" {
  type        = string
  description = "The AMI configuration (eksnode TOML) uploaded and passed to eksnode image build."
  default     = "variants/standard.toml"
}

variable "arch" {
  type        = string
  description = "CPU architecture: x86_64 or arm64."
  default     = "x86_64"
}

variable "eksnode_version" {
  type        = string
  description = "The eksnode release whose tarball (eksnode-<version>-linux-<x86_64|aarch64>.tar.gz) is uploaded."
  default     = "0.1.0"
}

variable "dist_dir" {
  type        = string
  description = "Directory holding the eksnode tarballs (distribution/target after ./mvnw package)."
  default     = "../distribution/target"
}

variable "region" {
  type        = string
  description = "Region the AMI is built in; also the region whose pause image is cached."
  default     = "us-west-2"
}

variable "instance_type" {
  type        = string
  description = "Builder instance type; empty picks m7i.large (x86_64) or m7g.large (arm64)."
  default     = ""
}

variable "volume_size" {
  type        = number
  description = "Root volume size in GiB."
  default     = 20
}

variable "subnet_id" {
  type        = string
  description = "Subnet for the builder instance; empty uses the default VPC."
  default     = ""
}

variable "ami_name_prefix" {
  type        = string
  description = "AMI name prefix; the variant, Kubernetes version, arch and a timestamp follow."
  default     = "eksnode"
}

variable "kubernetes_version" {
  type        = string
  description = "For the AMI name and tags only; the AMI configuration's image.kubernetesVersion decides."
  default     = "1.31"
}

variable "ami_users" {
  type        = list(string)
  description = "Accounts the AMI is shared with."
  default     = []
}

variable "iam_instance_profile" {
  type        = string
  description = "Instance profile of the builder instance; its role needs ECR read and ec2:DescribeInstanceTypes."
  default     = ""
}
