package db.migration.h2;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The H2 half of V5 (see db/migration/postgresql/V5__delivery_states.sql): H2 named the
 * delivery.state check itself, so its name is looked up before it is replaced.
 */
public class V5__delivery_states extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		List<String> checks = new ArrayList<>();
		try (Statement statement = context.getConnection().createStatement();
				ResultSet rs = statement.executeQuery("""
						SELECT cc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc
						JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
						  ON tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA
						WHERE tc.TABLE_NAME = 'DELIVERY' AND tc.TABLE_SCHEMA = SCHEMA()
						  AND UPPER(cc.CHECK_CLAUSE) LIKE '%STATE%'
						""")) {
			while (rs.next()) {
				checks.add(rs.getString(1));
			}
		}
		try (Statement statement = context.getConnection().createStatement()) {
			for (String check : checks) {
				statement.execute("ALTER TABLE delivery DROP CONSTRAINT \"" + check + "\"");
			}
			statement.execute("ALTER TABLE delivery ADD CONSTRAINT delivery_state_ck "
					+ "CHECK (state IN ('delivered', 'deferred', 'bounced', 'failed', 'skipped'))");
		}
	}

}
