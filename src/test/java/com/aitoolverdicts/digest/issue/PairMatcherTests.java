package com.aitoolverdicts.digest.issue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.aitoolverdicts.digest.issue.PairMatcher.Edge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matching found on a sparse graph and proven by its dual solution ("pricing") is as heavy as
 * the one Blossom V finds on the complete graph, on random graphs big enough for the pricing to
 * have to add edges, with ties and non-candidates among them.
 */
class PairMatcherTests {

	@Test
	void theSparseMatchingIsAsHeavyAsTheCompleteOne() {
		for (long seed = 1; seed <= 150; seed++) {
			Random random = new Random(seed);
			int n = 2 + random.nextInt(70);
			int[][] weight = new int[n][n];
			for (int u = 0; u < n; u++) {
				for (int v = u + 1; v < n; v++) {
					// Few distinct values, as real scores have, and some pairs that are not candidates.
					weight[u][v] = (random.nextInt(6) == 0) ? 0 : 1000 * (1 + random.nextInt(random.nextBoolean() ? 5 : 100));
				}
			}
			List<Edge> complete = PairMatcher.maximumWeight(weight, n);
			for (int edgesPerVertex : new int[] { 1, 2, PairMatcher.FIRST_EDGES_PER_VERTEX }) {
				List<Edge> sparse = PairMatcher.maximumWeight(weight, edgesPerVertex);
				assertThat(total(sparse)).as("seed %d, n %d, %d edges per vertex", seed, n, edgesPerVertex)
					.isEqualTo(total(complete));
				assertValidMatching(sparse, weight);
			}
		}
	}

	@Test
	void aBipartiteMatchingTakesTheHeaviestCombination() {
		// Left 0 and 1, right 2 and 3: 0-2 alone (9) loses to 0-3 with 1-2 (8 + 8).
		int[][] weight = { { 9, 8 }, { 8, 0 } };

		List<Edge> matching = PairMatcher.maximumWeightBipartite(weight);

		assertThat(matching).containsExactly(new Edge(0, 3, 8), new Edge(1, 2, 8));
	}

	private static long total(List<Edge> matching) {
		return matching.stream().mapToLong(Edge::weight).sum();
	}

	private static void assertValidMatching(List<Edge> matching, int[][] weight) {
		Set<Integer> used = new HashSet<>();
		for (Edge edge : matching) {
			assertThat(used.add(edge.u()) && used.add(edge.v())).as("%s shares a vertex", edge).isTrue();
			assertThat(edge.weight()).isPositive().isEqualTo(weight[edge.u()][edge.v()]);
		}
	}

}
