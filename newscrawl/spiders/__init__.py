"""Scrapy spiders: a PortalSpider base with all the crawling logic, one short file per portal."""
