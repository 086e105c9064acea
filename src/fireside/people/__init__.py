"""people: one Person across networks, their Identities, and (later) relationships and audits."""
