package dev.eksnode.plugins.core.image;

import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.Ec2Api;
import dev.eksnode.plugins.core.aws.InstanceMetadata;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;

/**
 * Image phase: bakes the instance type table ({@value InstanceTypeTable#BAKED_PATH}) from EC2 {@code
 * DescribeInstanceTypes}, every page, so a booting node finds its ENI limits without an API call. The
 * region is {@code AWS_REGION}, else the image builder's own (instance metadata).
 */
public final class BakeInstanceTypeTableStep implements Step {

  static final String ID = "core/instance-type-table";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    AwsEnvironment aws = new AwsEnvironment(context.host());
    String region = aws.region().orElseGet(() -> {
      try (InstanceMetadata imds = InstanceMetadata.connect(aws)) {
        return imds.get("meta-data/placement/region").map(String::strip)
            .orElseThrow(() -> new EksnodeException("instance metadata gives no region"));
      } catch (EksnodeException e) {
        throw new EksnodeException("cannot tell the region to read instance types in: set AWS_REGION (" + e.getMessage() + ")", e);
      }
    });
    List<InstanceTypeLimits> types;
    try (Ec2Api ec2 = new Ec2Api(aws, region)) {
      types = ec2.describeAllInstanceTypes();
    }
    if (types.isEmpty()) {
      throw new EksnodeException("EC2 DescribeInstanceTypes listed no instance types in " + region);
    }
    InstanceTypeTable table = InstanceTypeTable.of("ec2:DescribeInstanceTypes", region, types);
    context.host().writeString(InstanceTypeTable.BAKED_PATH, table.render(), 0644);
    return Outcome.done();
  }
}
