# An EKS worker node AMI on Amazon Linux 2023: uploads the eksnode distribution and an AMI
# configuration, runs `eksnode image build`, and cleans up. Variants differ only in their variable
# file (variants/<variant>.pkrvars.hcl) and AMI configuration (variants/<variant>.toml).

locals {
  instance_type = var.instance_type != "" ? var.instance_type : (var.arch == "arm64" ? "m7g.large" : "m7i.large")
  # The distribution names tarballs after the JDK's architecture: x86_64 or aarch64.
  tarball       = "eksnode-${var.eksnode_version}-linux-${var.arch == "arm64" ? "aarch64" : var.arch}.tar.gz"
  timestamp     = formatdate("YYYYMMDDhhmmss", timestamp())
}

source "amazon-ebs" "al2023" {
  region               = var.region
  instance_type        = local.instance_type
  subnet_id            = var.subnet_id
  iam_instance_profile = var.iam_instance_profile
  ssh_username         = "ec2-user"
  ami_name             = "${var.ami_name_prefix}-${var.variant}-${var.kubernetes_version}-${var.arch}-${local.timestamp}"
  ami_users            = var.ami_users

  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-kernel-6.1-${var.arch}"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = ["amazon"]
    most_recent = true
  }

  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = var.volume_size
    volume_type           = "gp3"
    iops                  = 3000
    throughput            = 125
    delete_on_termination = true
  }

  tags = {
    Name            = "${var.ami_name_prefix}-${var.variant}-${var.kubernetes_version}-${var.arch}"
    eksnode-variant = var.variant
    eksnode-version = var.eksnode_version
    kubernetes      = var.kubernetes_version
    architecture    = var.arch
  }
}

build {
  sources = ["source.amazon-ebs.al2023"]

  provisioner "file" {
    source      = "${var.dist_dir}/${local.tarball}"
    destination = "/tmp/${local.tarball}"
  }

  provisioner "file" {
    source      = var.ami_config
    destination = "/tmp/ami.toml"
  }

  provisioner "shell" {
    script           = "scripts/install-eksnode.sh"
    environment_vars = ["EKSNODE_TARBALL=/tmp/${local.tarball}"]
    execute_command  = "chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}"
  }

  provisioner "shell" {
    script           = "scripts/image-build.sh"
    environment_vars = ["AWS_REGION=${var.region}", "EKSNODE_AMI_CONFIG=/tmp/ami.toml"]
    execute_command  = "chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}"
  }

  provisioner "shell" {
    script          = "scripts/cleanup.sh"
    execute_command = "chmod +x {{ .Path }}; sudo env {{ .Vars }} {{ .Path }}"
  }
}
