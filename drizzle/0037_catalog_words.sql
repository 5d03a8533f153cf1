-- The search index's own list of its words, by column (FTS5's fts5vocab): "did you mean" reads the
-- words of product names and aisles from here, a step per word and posting, instead of every
-- product's name and aisle as rows (1.6 s and half a gigabyte at 1M products; ADR 087).
CREATE VIRTUAL TABLE `product_search_words` USING fts5vocab(`product_search`, 'col');
