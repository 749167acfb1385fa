package dev.eksnode.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public type (or member) can be relied on, as JUnit's {@code @API} states it. Every public
 * top-level type of eksnode's published packages carries one; a nested type or member shares its
 * enclosing type's status unless it carries its own. Kept at run time, so the build checks it.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface API {

  /** The promise made. */
  Status status();

  /** The eksnode version that made the promise, e.g. {@code 0.1.0}. */
  String since();

  /** What a status promises to the code that uses the type. */
  enum Status {
    /** Kept compatible within a major version; changed only with a deprecation first. */
    STABLE,
    /** Open to use and to feedback; may change in a minor version. */
    EXPERIMENTAL,
    /** Public for eksnode's own modules only (the CLI, the conformance kit); may change at any time. */
    INTERNAL,
    /** Still there, but going; the type's documentation says what replaces it. */
    DEPRECATED
  }
}
