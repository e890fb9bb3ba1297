"""Everything that runs inside Scrapy: the portal spider, discovery, page stitching, failure
reasons, middlewares, pipelines, extensions and the worker pool's Scrapy side."""
