"""Every write to the supervision registers. One module per register; each transition is a function that checks the
acting person's permission, guards the state through the register's workflow (casework), and writes an audit event
in the same transaction."""
