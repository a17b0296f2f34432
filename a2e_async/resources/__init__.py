"""One class per API area: thin coroutines, one per endpoint, plus the area's TaskKind."""
