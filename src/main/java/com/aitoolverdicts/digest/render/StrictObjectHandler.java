package com.aitoolverdicts.digest.render;

import java.util.List;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.ObjectHandler;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.GuardedBinding;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;

/**
 * Makes a template variable that no scope defines an error instead of a blank. A variable whose
 * value is {@code null} is defined: it renders as nothing and is false as a section.
 */
final class StrictObjectHandler extends ReflectionObjectHandler {

	@Override
	public Binding createBinding(String name, TemplateContext context, Code code) {
		ObjectHandler handler = this;
		return new GuardedBinding(handler, name, context, code) {
			@Override
			protected synchronized Wrapper getWrapper(String variable, List<Object> scopes) {
				Wrapper wrapper = super.getWrapper(variable, scopes);
				if (wrapper instanceof MissingWrapper) {
					throw new MustacheException("Template " + context.file() + " line " + context.line()
							+ " uses {{" + variable + "}}, which the digest does not define");
				}
				return wrapper;
			}
		};
	}

}
