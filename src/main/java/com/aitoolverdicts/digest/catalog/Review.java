package com.aitoolverdicts.digest.catalog;

/** One persona's review: a score from 0 to 100, a verdict and a paragraph of reasoning. */
public record Review(Persona persona, int score, Verdict verdict, String body) {
}
