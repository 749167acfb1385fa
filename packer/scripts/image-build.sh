#!/usr/bin/env bash
# Runs the image phase with the uploaded AMI configuration. The run report stays in the image
# (/var/lib/eksnode/reports) and is printed to the Packer log; any failure fails the build.
set -euo pipefail

config=${EKSNODE_AMI_CONFIG:?EKSNODE_AMI_CONFIG names the uploaded AMI configuration}
: "${AWS_REGION:?AWS_REGION names the region whose pause image is cached}"
export AWS_REGION

eksnode image build --config "$config"
eksnode versions
# The start-up (AOT) cache, trained last on the image itself, after everything that changes
# /opt/eksnode/lib or its runtime: every boot of the AMI starts from it (docs/installation.md).
eksnode --train-aot
