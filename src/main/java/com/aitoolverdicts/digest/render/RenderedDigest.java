package com.aitoolverdicts.digest.render;

/** One subscriber's digest, ready to be put into a message. */
public record RenderedDigest(String subject, String html, String text) {
}
