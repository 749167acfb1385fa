package dev.eksnode.plugins.core.aws;

import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.spi.EksnodeException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.NetworkCardInfo;
import software.amazon.awssdk.services.ec2.model.NetworkInfo;

/**
 * The EC2 API calls eksnode makes when metadata and the baked tables are not enough. The SDK client
 * is built on the first call only: a node on the happy path never loads it.
 *
 * <p>Not thread-safe; one per step.
 */
public final class Ec2Api implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(Ec2Api.class);

  private final AwsEnvironment environment;
  private final String region;
  private Ec2Client client;
  private int calls;

  public Ec2Api(AwsEnvironment environment, String region) {
    this.environment = environment;
    this.region = region;
  }

  /** How many API calls this instance made (pages count one each). */
  public int calls() {
    return calls;
  }

  /** The limits of one instance type; empty when EC2 says the type does not exist. */
  public Optional<InstanceTypeLimits> describeInstanceType(String instanceType) {
    try {
      calls++;
      DescribeInstanceTypesResponse response =
          client().describeInstanceTypes(DescribeInstanceTypesRequest.builder().instanceTypesWithStrings(instanceType).build());
      return response.instanceTypes().stream().findFirst().map(type -> checkedLimits("DescribeInstanceTypes " + instanceType, type));
    } catch (AwsServiceException e) {
      if ("InvalidInstanceType".equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw failure("DescribeInstanceTypes " + instanceType, e);
    } catch (SdkException e) {
      throw failure("DescribeInstanceTypes " + instanceType, e);
    }
  }

  /** Every instance type of the region, page by page. */
  public List<InstanceTypeLimits> describeAllInstanceTypes() {
    List<InstanceTypeLimits> all = new ArrayList<>();
    String token = null;
    try {
      do {
        calls++;
        DescribeInstanceTypesResponse page =
            client().describeInstanceTypes(DescribeInstanceTypesRequest.builder().maxResults(100).nextToken(token).build());
        page.instanceTypes().forEach(type -> all.add(checkedLimits("DescribeInstanceTypes", type)));
        token = page.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      throw failure("DescribeInstanceTypes", e);
    }
    LOGGER.debug("DescribeInstanceTypes: {} instance types in {} pages", all.size(), calls);
    return all;
  }

  /** What EC2 says about an instance; empty when it does not know the id. */
  public Optional<Ec2Instance> describeInstance(String instanceId) {
    try {
      calls++;
      return client().describeInstances(request -> request.instanceIds(instanceId)).reservations().stream()
          .flatMap(reservation -> reservation.instances().stream())
          .filter(instance -> instanceId.equals(instance.instanceId()))
          .findFirst()
          .map(Ec2Api::instance);
    } catch (AwsServiceException e) {
      if ("InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw failure("DescribeInstances " + instanceId, e);
    } catch (SdkException e) {
      throw failure("DescribeInstances " + instanceId, e);
    }
  }

  private EksnodeException failure(String call, SdkException e) {
    String endpoint = environment.ec2Endpoint().map(uri -> " at " + uri).orElse("");
    return new EksnodeException("EC2 " + call + " failed (region " + region + endpoint + "): " + e.getMessage(), e);
  }

  private Ec2Client client() {
    if (client == null) {
      LOGGER.debug("creating the EC2 client for region {}", region);
      ProxyConfiguration.Builder proxy = ProxyConfiguration.builder().useSystemPropertyValues(false).useEnvironmentVariablesValues(false);
      environment.httpsProxy().ifPresent(uri -> proxyThrough(proxy, uri));
      Ec2ClientBuilder builder =
          Ec2Client.builder()
              .region(Region.of(region))
              .credentialsProvider(credentials())
              .httpClient(UrlConnectionHttpClient.builder().proxyConfiguration(proxy.build()).build())
              .overrideConfiguration(config -> config.apiCallTimeout(environment.ec2Deadline()));
      environment.ec2Endpoint().ifPresent(builder::endpointOverride);
      if (environment.fips()) {
        builder.fipsEnabled(true);
      }
      client = builder.build();
    }
    return client;
  }

  /**
   * The SDK takes the proxy as scheme, host and port, with any {@code user:password@} given apart
   * (it refuses an endpoint with user info or a path).
   */
  private void proxyThrough(ProxyConfiguration.Builder proxy, URI uri) {
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    // getHost() keeps an IPv6 literal's brackets.
    proxy.endpoint(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port)).nonProxyHosts(environment.noProxyPatterns());
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      proxy.username(colon < 0 ? userInfo : userInfo.substring(0, colon));
      if (colon >= 0) {
        proxy.password(userInfo.substring(colon + 1));
      }
    }
  }

  private AwsCredentialsProvider credentials() {
    return environment.staticKeys()
        .<AwsCredentialsProvider>map(keys -> StaticCredentialsProvider.create(
            keys.sessionToken().isPresent()
                ? AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken().get())
                : AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  /** {@link #limits}, an answer with numbers out of range or parts missing told as a failure of the call. */
  private InstanceTypeLimits checkedLimits(String call, InstanceTypeInfo type) {
    try {
      return limits(type);
    } catch (IllegalArgumentException | NullPointerException e) {
      String endpoint = environment.ec2Endpoint().map(uri -> " at " + uri).orElse("");
      throw new EksnodeException("EC2 " + call + " (region " + region + endpoint + ") answered limits eksnode cannot use for "
          + type.instanceTypeAsString() + ": " + (e instanceof NullPointerException ? "a part of the answer is missing" : e.getMessage()));
    }
  }

  static InstanceTypeLimits limits(InstanceTypeInfo type) {
    NetworkInfo network = type.networkInfo();
    int enis = network.maximumNetworkInterfaces();
    // The default network card's limit is the one pods get: p5.48xlarge has 64 ENIs over 32 cards, 2 on card 0.
    if (network.hasNetworkCards() && network.defaultNetworkCardIndex() != null) {
      for (NetworkCardInfo card : network.networkCards()) {
        if (network.defaultNetworkCardIndex().equals(card.networkCardIndex()) && card.maximumNetworkInterfaces() != null) {
          enis = card.maximumNetworkInterfaces();
        }
      }
    }
    return new InstanceTypeLimits(
        type.instanceTypeAsString(),
        type.vCpuInfo().defaultVCpus(),
        type.memoryInfo().sizeInMiB(),
        enis,
        network.ipv4AddressesPerInterface(),
        type.hypervisor() == null ? "" : type.hypervisorAsString());
  }

  static Ec2Instance instance(Instance instance) {
    Optional<String> ipv6 = Optional.ofNullable(instance.ipv6Address());
    if (ipv6.isEmpty()) {
      ipv6 = instance.networkInterfaces().stream()
          .filter(nic -> nic.attachment() != null && Integer.valueOf(0).equals(nic.attachment().deviceIndex()))
          .map(InstanceNetworkInterface::ipv6Addresses)
          .flatMap(List::stream)
          .map(InstanceIpv6Address::ipv6Address)
          .findFirst();
    }
    return new Ec2Instance(
        instance.instanceId(),
        Optional.ofNullable(instance.privateDnsName()).filter(s -> !s.isEmpty()),
        Optional.ofNullable(instance.privateIpAddress()).filter(s -> !s.isEmpty()),
        ipv6);
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  /**
   * What eksnode reads from {@code DescribeInstances}.
   *
   * @param instanceId the id
   * @param privateDnsName e.g. {@code ip-10-0-1-23.us-west-2.compute.internal}
   * @param privateIpAddress the primary private IPv4 address
   * @param ipv6 the primary interface's first IPv6 address
   */
  public record Ec2Instance(
      String instanceId, Optional<String> privateDnsName, Optional<String> privateIpAddress, Optional<String> ipv6) {}
}
