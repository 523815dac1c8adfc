package com.aitoolverdicts.digest.issue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm.Matching;
import org.jgrapht.alg.matching.MaximumWeightBipartiteMatching;
import org.jgrapht.alg.matching.blossom.v5.KolmogorovWeightedPerfectMatching;
import org.jgrapht.alg.matching.blossom.v5.ObjectiveSense;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Maximum-weight matchings over candidate pairs, computed by JGraphT: each vertex in at most one
 * chosen edge, the total weight as large as it can be. Weights are whole numbers (thousandths of a
 * point), so that the doubles JGraphT works with add up exactly. The same input gives the same
 * matching: vertices and edges are added in a fixed order and the algorithms are deterministic.
 */
final class PairMatcher {

	/** Edges per vertex in the first sparse graph; more are added only where the certificate asks. */
	static final int FIRST_EDGES_PER_VERTEX = 4;

	/** Violated edges added per vertex and round, the most violated first. */
	private static final int NEW_EDGES_PER_ROUND = 4;

	/** Vertex indices are packed into 16 bits for the greedy seed, and n(n-1)/2 must fit an int. */
	private static final int MAX_GREEDY_SEED = 46_000;


	private PairMatcher() {
	}

	/** A chosen pair of vertices {@code u < v} and its weight. */
	record Edge(int u, int v, long weight) {
	}

	/**
	 * A maximum-weight matching of the graph whose weights are {@code weight[u][v]} ({@code u < v};
	 * 0 means "not a candidate"). See {@link #maximumWeight(int[][], int)}.
	 */
	static List<Edge> maximumWeight(int[][] weight) {
		return maximumWeight(weight, FIRST_EDGES_PER_VERTEX);
	}

	/**
	 * A maximum-weight matching, exact, found on a sparse graph and proven on the full one.
	 * <p>
	 * With positive weights, a maximum-weight matching is a maximum-weight perfect matching of the
	 * complete graph in which non-candidates weigh 0 (plus one dummy vertex when the count is odd):
	 * every matching extends to a perfect one of the same weight and back. Blossom V (Kolmogorov)
	 * solves that, but on ~55,000 edges for 333 vertices it takes seconds. So it is solved first on
	 * each vertex's {@code edgesPerVertex} heaviest edges. Blossom V also returns a dual solution;
	 * if it is feasible for every edge of the complete graph, linear-programming duality proves the
	 * matching optimal there too. Edges that violate it are added and the sparse problem is solved
	 * again, until none does ("pricing"). The result is the optimum of the full graph, not an
	 * approximation.
	 */
	static List<Edge> maximumWeight(int[][] weight, int edgesPerVertex) {
		int n = weight.length;
		if (n < 2) {
			return List.of();
		}
		int even = n + (n % 2);
		boolean[][] inGraph = new boolean[even][even];
		addHeaviest(weight, inGraph, Math.max(1, edgesPerVertex));
		if (n <= MAX_GREEDY_SEED) {
			addGreedyMatching(weight, inGraph);
		}
		if (even > n) {
			for (int u = 0; u < n; u++) {
				inGraph[u][n] = true;
			}
		}
		// Violations below this are ignored: over a perfect matching of even/2 edges they could add up
		// to less than a quarter, and weights are integers, so the matching found is still the optimum.
		double tolerance = 0.5 / even;
		while (true) {
			Graph<Integer, DefaultWeightedEdge> graph = graph(weight, inGraph, even);
			KolmogorovWeightedPerfectMatching<Integer, DefaultWeightedEdge> solver = new KolmogorovWeightedPerfectMatching<>(
					graph, ObjectiveSense.MAXIMIZE);
			Matching<Integer, DefaultWeightedEdge> matching;
			try {
				matching = solver.getMatching();
			}
			catch (IllegalArgumentException noPerfectMatching) {
				// The sparse graph has no perfect matching: give every vertex twice as many edges.
				edgesPerVertex = Math.max(1, edgesPerVertex) * 2;
				addHeaviest(weight, inGraph, edgesPerVertex);
				if (edgesPerVertex >= even) {
					fillComplete(inGraph);
				}
				continue;
			}
			Map<Set<Integer>, Double> duals = solver.getDualSolution().getDualVariables();
			if (!certifies(duals, matching.getWeight(), tolerance)) {
				// Not the certificate the proof needs (never seen): solve the complete graph instead.
				fillComplete(inGraph);
				Graph<Integer, DefaultWeightedEdge> complete = graph(weight, inGraph, even);
				return chosen(complete,
						new KolmogorovWeightedPerfectMatching<>(complete, ObjectiveSense.MAXIMIZE).getMatching(), weight);
			}
			if (addViolated(weight, inGraph, even, duals, tolerance) == 0) {
				return chosen(graph, matching, weight);
			}
		}
	}

	/** Adds each vertex's {@code count} heaviest edges (ties: the lower index first). */
	private static void addHeaviest(int[][] weight, boolean[][] inGraph, int count) {
		int n = weight.length;
		int keep = Math.min(count, n - 1);
		int[] best = new int[keep];
		int[] bestWeight = new int[keep];
		for (int u = 0; u < n; u++) {
			int size = 0;
			for (int v = 0; v < n; v++) {
				if (v == u) {
					continue;
				}
				int candidate = w(weight, u, v);
				if (size == keep && candidate <= bestWeight[keep - 1]) {
					continue;
				}
				int at = (size < keep) ? size++ : keep - 1;
				while (at > 0 && bestWeight[at - 1] < candidate) {
					best[at] = best[at - 1];
					bestWeight[at] = bestWeight[at - 1];
					at--;
				}
				best[at] = v;
				bestWeight[at] = candidate;
			}
			for (int i = 0; i < size; i++) {
				inGraph[Math.min(u, best[i])][Math.max(u, best[i])] = true;
			}
		}
	}

	/**
	 * Adds the edges of a greedy matching (heaviest first), so that the sparse graph has a perfect
	 * matching to start from: the heaviest edges of many vertices often lead to the same few.
	 */
	private static void addGreedyMatching(int[][] weight, boolean[][] inGraph) {
		int n = weight.length;
		long[] edges = new long[n * (n - 1) / 2];
		int count = 0;
		for (int u = 0; u < n; u++) {
			for (int v = u + 1; v < n; v++) {
				// Heaviest first, then by vertices: the weight in the high bits, inverted for an ascending sort.
				edges[count++] = ((long) (Integer.MAX_VALUE - weight[u][v]) << 32) | ((long) u << 16) | v;
			}
		}
		Arrays.sort(edges, 0, count);
		boolean[] used = new boolean[n];
		for (int i = 0; i < count; i++) {
			int u = (int) ((edges[i] >>> 16) & 0xFFFF);
			int v = (int) (edges[i] & 0xFFFF);
			if (!used[u] && !used[v]) {
				used[u] = true;
				used[v] = true;
				inGraph[u][v] = true;
			}
		}
	}

	private static void fillComplete(boolean[][] inGraph) {
		for (int u = 0; u < inGraph.length; u++) {
			for (int v = u + 1; v < inGraph.length; v++) {
				inGraph[u][v] = true;
			}
		}
	}

	/** The weight of {@code u}–{@code v} in the complete graph; the dummy vertex (index n) weighs 0. */
	private static int w(int[][] weight, int u, int v) {
		if (u >= weight.length || v >= weight.length) {
			return 0;
		}
		return (u < v) ? weight[u][v] : weight[v][u];
	}

	private static Graph<Integer, DefaultWeightedEdge> graph(int[][] weight, boolean[][] inGraph, int even) {
		Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
		for (int vertex = 0; vertex < even; vertex++) {
			graph.addVertex(vertex);
		}
		for (int u = 0; u < even; u++) {
			for (int v = u + 1; v < even; v++) {
				if (inGraph[u][v]) {
					graph.setEdgeWeight(graph.addEdge(u, v), w(weight, u, v));
				}
			}
		}
		return graph;
	}

	/**
	 * Adds to the sparse graph every edge of the complete graph whose dual constraint fails:
	 * {@code y(u) + y(v) + sum of y(S) over the blossoms S with exactly one of u, v >= weight}
	 * (JGraphT's maximisation form). Returns how many it added.
	 */
	/**
	 * Whether the duals are the certificate the pricing relies on: every blossom's dual at most 0
	 * (JGraphT's maximisation form) and, summed, the weight of the matching (no duality gap).
	 */
	private static boolean certifies(Map<Set<Integer>, Double> duals, double matchingWeight, double tolerance) {
		double sum = 0;
		for (Map.Entry<Set<Integer>, Double> dual : duals.entrySet()) {
			if (dual.getKey().size() > 1 && dual.getValue() > tolerance) {
				return false;
			}
			sum += dual.getValue();
		}
		return Math.abs(sum - matchingWeight) <= tolerance;
	}

	private static int addViolated(int[][] weight, boolean[][] inGraph, int even, Map<Set<Integer>, Double> duals,
			double tolerance) {
		double[] single = new double[even];
		List<List<Integer>> blossomsOf = new ArrayList<>();
		for (int vertex = 0; vertex < even; vertex++) {
			blossomsOf.add(new ArrayList<>());
		}
		List<Double> blossomDual = new ArrayList<>();
		for (Map.Entry<Set<Integer>, Double> dual : duals.entrySet()) {
			if (dual.getKey().size() == 1) {
				single[dual.getKey().iterator().next()] += dual.getValue();
			}
			else {
				int index = blossomDual.size();
				blossomDual.add(dual.getValue());
				dual.getKey().forEach((vertex) -> blossomsOf.get(vertex).add(index));
			}
		}
		double[] inBlossoms = new double[even];
		for (int vertex = 0; vertex < even; vertex++) {
			for (int blossom : blossomsOf.get(vertex)) {
				inBlossoms[vertex] += blossomDual.get(blossom);
			}
		}
		List<double[]> violated = new ArrayList<>();
		for (int u = 0; u < even; u++) {
			for (int v = u + 1; v < even; v++) {
				if (inGraph[u][v]) {
					continue;
				}
				double crossing = inBlossoms[u] + inBlossoms[v] - 2 * shared(blossomsOf.get(u), blossomsOf.get(v), blossomDual);
				double violation = w(weight, u, v) - (single[u] + single[v] + crossing);
				if (violation > tolerance) {
					violated.add(new double[] { violation, u, v });
				}
			}
		}
		// The most violated first, a few per vertex: adding every violated edge at once would bring back
		// most of the complete graph, since the first duals are far from those of the full problem.
		violated.sort((x, y) -> (x[0] != y[0]) ? Double.compare(y[0], x[0])
				: (x[1] != y[1]) ? Double.compare(x[1], y[1]) : Double.compare(x[2], y[2]));
		int[] addedAt = new int[even];
		int added = 0;
		for (double[] edge : violated) {
			int u = (int) edge[1];
			int v = (int) edge[2];
			if (addedAt[u] < NEW_EDGES_PER_ROUND || addedAt[v] < NEW_EDGES_PER_ROUND) {
				inGraph[u][v] = true;
				addedAt[u]++;
				addedAt[v]++;
				added++;
			}
		}
		return added;
	}

	private static double shared(List<Integer> first, List<Integer> second, List<Double> blossomDual) {
		double sum = 0;
		if (first.isEmpty() || second.isEmpty()) {
			return sum;
		}
		Set<Integer> inFirst = (first.size() > 4) ? new HashSet<>(first) : null;
		for (int blossom : second) {
			if ((inFirst != null) ? inFirst.contains(blossom) : first.contains(blossom)) {
				sum += blossomDual.get(blossom);
			}
		}
		return sum;
	}

	/**
	 * A maximum-weight matching of a bipartite graph: {@code weight[i][j]} between left vertex
	 * {@code i} and right vertex {@code j} (0: not a candidate). Edges are returned as
	 * {@code (i, left + j)}.
	 */
	static List<Edge> maximumWeightBipartite(int[][] weight) {
		int left = weight.length;
		int right = (left == 0) ? 0 : weight[0].length;
		Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
		Set<Integer> leftSide = new HashSet<>();
		Set<Integer> rightSide = new HashSet<>();
		for (int vertex = 0; vertex < left + right; vertex++) {
			graph.addVertex(vertex);
			((vertex < left) ? leftSide : rightSide).add(vertex);
		}
		boolean any = false;
		for (int i = 0; i < left; i++) {
			for (int j = 0; j < right; j++) {
				if (weight[i][j] > 0) {
					graph.setEdgeWeight(graph.addEdge(i, left + j), weight[i][j]);
					any = true;
				}
			}
		}
		if (!any) {
			return List.of();
		}
		List<Edge> chosen = new ArrayList<>();
		for (DefaultWeightedEdge edge : new MaximumWeightBipartiteMatching<>(graph, leftSide, rightSide).getMatching()
			.getEdges()) {
			int u = Math.min(graph.getEdgeSource(edge), graph.getEdgeTarget(edge));
			int v = Math.max(graph.getEdgeSource(edge), graph.getEdgeTarget(edge));
			chosen.add(new Edge(u, v, weight[u][v - left]));
		}
		chosen.sort((x, y) -> Integer.compare(x.u(), y.u()));
		return chosen;
	}

	private static List<Edge> chosen(Graph<Integer, DefaultWeightedEdge> graph,
			Matching<Integer, DefaultWeightedEdge> matching, int[][] weight) {
		List<Edge> chosen = new ArrayList<>();
		for (DefaultWeightedEdge edge : matching.getEdges()) {
			int u = Math.min(graph.getEdgeSource(edge), graph.getEdgeTarget(edge));
			int v = Math.max(graph.getEdgeSource(edge), graph.getEdgeTarget(edge));
			if (w(weight, u, v) > 0) {
				chosen.add(new Edge(u, v, w(weight, u, v)));
			}
		}
		chosen.sort((x, y) -> Integer.compare(x.u(), y.u()));
		return chosen;
	}

}
