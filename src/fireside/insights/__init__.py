"""insights: engagement, response times, sentiment, share of voice and cascades."""
