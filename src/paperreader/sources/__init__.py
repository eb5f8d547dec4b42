"""Where papers come from: the `ListingSource` protocol that marks the I/O boundary, the
Hugging Face hub client (httpx, retries, pagination, a polite pace) and the bundled demo source
that answers the same questions from packaged data. Nothing here caches or stores."""
