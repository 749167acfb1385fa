package dev.eksnode.plugins.compliance;

import java.util.Locale;

/**
 * The verdict on one rule for one root.
 *
 * @param rule the rule
 * @param status pass, fail, waived or not applicable
 * @param evidence what was found, e.g. {@code net.ipv4.tcp_syncookies = 1 (/etc/sysctl.d/60-x.conf)}
 */
record Evaluation(Rule rule, Status status, String evidence) {

  /** The verdicts a report knows. Only {@link #FAIL} makes a report fail. */
  enum Status {
    PASS,
    FAIL,
    WAIVED,
    NOT_APPLICABLE;

    /** The word in reports: {@code pass}, {@code fail}, {@code waived}, {@code not-applicable}. */
    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static Evaluation pass(Rule rule, String evidence) {
    return new Evaluation(rule, Status.PASS, evidence);
  }

  static Evaluation fail(Rule rule, String evidence) {
    return new Evaluation(rule, Status.FAIL, evidence);
  }

  static Evaluation notApplicable(Rule rule, String evidence) {
    return new Evaluation(rule, Status.NOT_APPLICABLE, evidence);
  }
}
