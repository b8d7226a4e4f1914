/**
 * {@link io.samsa.common.config.types.Password}: a configuration value that is never printed.
 *
 * <p><b>Public API</b> of samsa-producer: covered by the API check (japicmp against {@code api-baseline/}) and by
 * the version policy in the README.
 */
package io.samsa.common.config.types;
