package com.aitoolverdicts.digest.render;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import com.aitoolverdicts.digest.ConfigurationException;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;

/**
 * The digest's Mustache templates, read from a folder on disk and compiled once: {@code digest.html}
 * (HTML-escaped), {@code digest.txt} and {@code subject.txt} (values written as they are).
 */
public final class Templates {

	/** The longest subject: RFC 5322's recommended line length, and what inboxes show of it. */
	static final int SUBJECT_LENGTH = 78;

	private final DefaultMustacheFactory htmlFactory;

	private final Mustache html;

	private final Mustache text;

	private final Mustache subject;

	private Templates(DefaultMustacheFactory htmlFactory, Mustache html, Mustache text, Mustache subject) {
		this.htmlFactory = htmlFactory;
		this.html = html;
		this.text = text;
		this.subject = subject;
	}

	/** Compiles the templates of {@code dir}; a missing file or a syntax error is a {@link TemplateException}. */
	public static Templates load(Path dir) {
		if (!Files.isDirectory(dir)) {
			throw new TemplateException("Templates folder '" + dir.toAbsolutePath()
					+ "' does not exist: run from the repository root or set digest.templates-dir");
		}
		DefaultMustacheFactory htmlFactory = new DefaultMustacheFactory(dir.toFile());
		htmlFactory.setObjectHandler(new StrictObjectHandler());
		DefaultMustacheFactory textFactory = new DefaultMustacheFactory(dir.toFile()) {
			@Override
			public void encode(String value, Writer writer) {
				try {
					writer.write(value);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		};
		textFactory.setObjectHandler(new StrictObjectHandler());
		return new Templates(htmlFactory, compile(htmlFactory, dir, "digest.html"), compile(textFactory, dir, "digest.txt"),
				compile(textFactory, dir, "subject.txt"));
	}

	private static Mustache compile(DefaultMustacheFactory factory, Path dir, String name) {
		if (!Files.isRegularFile(dir.resolve(name))) {
			throw new TemplateException("Template '" + dir.resolve(name) + "' does not exist");
		}
		try {
			return factory.compile(name);
		}
		catch (MustacheException ex) {
			throw new TemplateException("Template '" + dir.resolve(name) + "' does not compile: " + ex.getMessage());
		}
	}

	public String html(Object scope) {
		return execute(this.html, scope);
	}

	/** The plain-text part, wrapped at 78 columns (see {@link TextWrap}). */
	public String text(Object scope) {
		return TextWrap.wrap(rawText(scope));
	}

	/** The plain-text part as the template renders it, before wrapping. */
	String rawText(Object scope) {
		return execute(this.text, scope);
	}

	/** The subject on one line, white space collapsed, at most {@value #SUBJECT_LENGTH} characters. */
	public String subject(Object scope) {
		return oneLine(rawSubject(scope));
	}

	/** The subject as the template renders it, before {@link #oneLine(String)}. */
	String rawSubject(Object scope) {
		return execute(this.subject, scope);
	}

	static String oneLine(String subject) {
		String line = subject.strip().replaceAll("\\s+", " ");
		if (line.codePointCount(0, line.length()) <= SUBJECT_LENGTH) {
			return line;
		}
		int limit = line.offsetByCodePoints(0, SUBJECT_LENGTH - 1);
		int cut = line.lastIndexOf(' ', limit);
		return line.substring(0, (cut > SUBJECT_LENGTH / 2) ? cut : limit).replaceAll("[ ,;:]+$", "") + "\u2026";
	}

	/** {@code value} escaped exactly as the HTML template escapes a {@code {{variable}}}. */
	String escapeHtml(String value) {
		StringWriter out = new StringWriter(value.length() + 16);
		this.htmlFactory.encode(value, out);
		return out.toString();
	}

	private static String execute(Mustache mustache, Object scope) {
		try {
			StringWriter out = new StringWriter();
			mustache.execute(out, scope).flush();
			return out.toString();
		}
		catch (MustacheException ex) {
			Throwable cause = ex;
			while (cause.getCause() instanceof MustacheException inner) {
				cause = inner;
			}
			throw new TemplateException(cause.getMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A template is missing, does not compile, or uses a variable the digest does not define. */
	public static class TemplateException extends ConfigurationException {

		public TemplateException(String message) {
			super(message);
		}

	}

}
