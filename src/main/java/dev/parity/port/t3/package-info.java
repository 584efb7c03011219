/**
 * Chatterbox T3 (text tokens → speech tokens) on DJL, mirroring upstream {@code chatterbox.models.t3}: the Llama
 * backbone {@code tfmr} with its key/value cache, the conditioning encoder, the embeddings and heads, and the
 * {@code T3.inference} sampling loop with classifier-free guidance.
 */
package dev.parity.port.t3;
