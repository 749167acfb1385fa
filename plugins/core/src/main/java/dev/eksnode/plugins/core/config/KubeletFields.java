package dev.eksnode.plugins.core.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of {@code KubeletConfiguration} ({@code kubelet.config.k8s.io/v1beta1}) and their JSON
 * types, curated from the Kubernetes API reference up to 1.34. A field not listed here is reported
 * as unknown (a warning under {@code --lenient}, for fields newer than this table).
 */
final class KubeletFields {

  /** A field's JSON type. */
  enum Kind {
    BOOLEAN("true or false"),
    INT32("an integer"),
    INT64("an integer"),
    NUMBER("a number"),
    STRING("a string"),
    /** A Go duration string: {@code 30s}, {@code 1h30m}, {@code 0}. */
    DURATION("a duration such as \"30s\" or \"1h30m\""),
    STRING_LIST("a list of strings"),
    STRING_MAP("a table of strings"),
    BOOLEAN_MAP("a table of true/false values"),
    OBJECT("a table"),
    LIST("a list");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  static final Map<String, Kind> FIELDS = new TreeMap<>();

  static {
    fields(Kind.BOOLEAN, "enableServer", "rotateCertificates", "serverTLSBootstrap", "enableDebuggingHandlers",
        "enableContentionProfiling", "cgroupsPerQOS", "singleProcessOOMKill", "runOnce", "cpuCFSQuota", "serializeImagePulls",
        "enableControllerAttachDetach", "protectKernelDefaults", "makeIPTablesUtilChains", "failSwapOn", "kernelMemcgNotification",
        "enableSystemLogHandler", "enableSystemLogQuery", "enableProfilingHandler", "enableDebugFlagsHandler", "seccompDefault",
        "registerNode", "localStorageCapacityIsolation", "failCgroupV1", "mergeDefaultEvictionSettings");
    fields(Kind.INT32, "port", "readOnlyPort", "registryPullQPS", "registryBurst", "eventRecordQPS", "eventBurst", "healthzPort",
        "oomScoreAdj", "nodeLeaseDurationSeconds", "imageGCHighThresholdPercent", "imageGCLowThresholdPercent", "maxPods",
        "nodeStatusMaxImages", "kubeAPIQPS", "kubeAPIBurst", "maxParallelImagePulls", "evictionMaxPodGracePeriod", "podsPerCore",
        "iptablesMasqueradeBit", "iptablesDropBit", "containerLogMaxFiles", "containerLogMaxWorkers");
    fields(Kind.INT64, "podPidsLimit", "maxOpenFiles");
    fields(Kind.NUMBER, "memoryThrottlingFactor");
    fields(Kind.STRING, "apiVersion", "kind", "staticPodPath", "podLogsDir", "staticPodURL", "address", "tlsCertFile",
        "tlsPrivateKeyFile", "tlsMinVersion", "imagePullCredentialsVerificationPolicy", "healthzBindAddress", "clusterDomain",
        "kubeletCgroups", "systemCgroups", "cgroupRoot", "cgroupDriver", "cpuManagerPolicy", "memoryManagerPolicy",
        "topologyManagerPolicy", "topologyManagerScope", "hairpinMode", "podCIDR", "resolvConf", "contentType",
        "containerLogMaxSize", "configMapAndSecretChangeDetectionStrategy", "reservedSystemCPUs", "showHiddenMetricsForVersion",
        "systemReservedCgroup", "kubeReservedCgroup", "volumePluginDir", "providerID", "containerRuntimeEndpoint",
        "imageServiceEndpoint");
    fields(Kind.DURATION, "syncFrequency", "fileCheckFrequency", "httpCheckFrequency", "streamingConnectionIdleTimeout",
        "nodeStatusUpdateFrequency", "nodeStatusReportFrequency", "imageMinimumGCAge", "imageMaximumGCAge",
        "volumeStatsAggPeriod", "cpuManagerReconcilePeriod", "runtimeRequestTimeout", "cpuCFSQuotaPeriod",
        "evictionPressureTransitionPeriod", "containerLogMonitorInterval", "shutdownGracePeriod",
        "shutdownGracePeriodCriticalPods");
    fields(Kind.STRING_LIST, "tlsCipherSuites", "preloadedImagesVerificationAllowlist", "clusterDNS", "enforceNodeAllocatable",
        "allowedUnsafeSysctls");
    fields(Kind.STRING_MAP, "cpuManagerPolicyOptions", "topologyManagerPolicyOptions", "qosReserved", "evictionHard",
        "evictionSoft", "evictionSoftGracePeriod", "evictionMinimumReclaim", "systemReserved", "kubeReserved");
    fields(Kind.BOOLEAN_MAP, "featureGates");
    fields(Kind.OBJECT, "staticPodURLHeader", "authentication", "authorization", "memorySwap", "logging", "tracing",
        "crashLoopBackOff", "userNamespaces");
    fields(Kind.LIST, "shutdownGracePeriodByPodPriority", "reservedMemory", "registerWithTaints");
  }

  private KubeletFields() {}

  private static void fields(Kind kind, String... names) {
    for (String name : names) {
      if (FIELDS.put(name, kind) != null) {
        throw new IllegalStateException("KubeletConfiguration field listed twice: " + name);
      }
    }
  }
}
