/**
 * Configuration: the table of keys with types, defaults and validators ({@link io.samsa.common.config.ConfigDef}),
 * validated values ({@link io.samsa.common.config.ConfigValues}), {@link io.samsa.common.config.ConfigException}, and
 * the TLS and SASL keys ({@link io.samsa.common.config.SslConfigs}, {@link io.samsa.common.config.SaslConfigs}).
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.config;
