/**
 * The protocol's primitive types on the wire: fixed-width integers, varints (zigzag and unsigned), classic and
 * compact strings, bytes and arrays, tagged fields ({@link io.samsa.protocol.types.ProtocolWriter},
 * {@link io.samsa.protocol.types.ProtocolReader}, {@link io.samsa.protocol.types.ByteUtils}), and
 * {@link io.samsa.protocol.types.ProtocolException} for bytes that do not decode.
 *
 * <p>The protocol module is layered, each package using only those below it: {@code io.samsa.common.errors}
 * (exceptions and the broker error table), then these primitives, then the record codec
 * ({@code io.samsa.protocol.record.compression}, {@code io.samsa.protocol.record}), then the messages
 * ({@code io.samsa.protocol}). The record codec needs varints and the decoding error but no message, which is
 * why the primitives have a package of their own.
 *
 * <p><b>Internal</b> to samsa-protocol: not part of Samsa's public API, with no compatibility promise; it may
 * change in any release.
 */
package io.samsa.protocol.types;
