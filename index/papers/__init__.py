"""Papers: the data model, identity and near-duplicates, merging snapshots into papers, sorts and views."""
