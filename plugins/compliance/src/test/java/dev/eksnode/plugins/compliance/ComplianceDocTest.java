package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/compliance.md} is generated from the rules; this test fails when the committed file is out
 * of date. Regenerate with {@code -Deksnode.updateDocs=true} (CI never does).
 */
class ComplianceDocTest {

  @Test
  void docsListEveryRuleAsTheRulesFileDefinesIt() throws Exception {
    Path doc = Path.of(System.getProperty("eksnode.docs", "../../docs")).resolve("compliance.md");
    String expected = RulesDoc.render(RuleSet.builtIn());
    if (Boolean.getBoolean("eksnode.updateDocs")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertEquals(expected, Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "(missing " + doc + ")",
        "docs/compliance.md is out of date: run the compliance tests with -Deksnode.updateDocs=true and commit it");
  }

  @Test
  void statusColumnsSayWhatEachProfileDoesWithARule() {
    RuleSet rules = RuleSet.builtIn();

    assertEquals("apply", RulesDoc.status(rules, rules.find("3.3.8").orElseThrow(), "cis-level1"));
    assertEquals("exception", RulesDoc.status(rules, rules.find("3.2.1").orElseThrow(), "stig"));
    assertEquals("–", RulesDoc.status(rules, rules.find("4.2.12").orElseThrow(), "cis-level1"));
    assertEquals("apply", RulesDoc.status(rules, rules.find("4.2.12").orElseThrow(), "cis-level2"));
    assertEquals("check", RulesDoc.status(rules, rules.find("eks-3.2.5").orElseThrow(), "cis-level1"));
    assertEquals("manual", RulesDoc.status(rules, rules.find("eks-3.1.2").orElseThrow(), "cis-level1"));
  }
}
