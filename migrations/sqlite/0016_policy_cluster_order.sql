-- A rebuild of the search index reads the policy items by category, then code
-- (PolicyCorpus::cluster): items of one category sit side by side in the index.
CREATE INDEX policy_items_category_code ON policy_items(category, code);
