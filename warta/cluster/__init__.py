"""Events across articles: clustering mentions into real-world events, comparing readouts."""

from warta.cluster.core import Mention, cluster_mentions, mention_from_row, same_event
from warta.cluster.store import ClusterSummary, cluster_store

__all__ = ["ClusterSummary", "Mention", "cluster_mentions", "cluster_store", "mention_from_row",
           "same_event"]
