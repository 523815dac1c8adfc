package com.aitoolverdicts.digest.render;

import java.util.List;

import com.aitoolverdicts.digest.catalog.Tool;

/** The demo week's tools, parsed as the import parses them, for tests of other packages. */
public final class SharedRenderingTestsAccess {

	private SharedRenderingTestsAccess() {
	}

	public static List<Tool> demoTools() {
		return SharedRenderingTests.demoTools();
	}

}
