"""The index: embeddings, FAISS and BM25, built incrementally and searched hybrid."""
