-- Synonyms and abbreviations for search (同义词、简称): each row is one group whose
-- words match one another at query time (platform/search/synonyms.rs). `words` is a
-- JSON array of the members as the administrator typed them.
CREATE TABLE search_synonyms (
    id BIGSERIAL PRIMARY KEY,
    words TEXT NOT NULL,
    created_at TEXT NOT NULL
);

INSERT INTO search_synonyms (words, created_at) VALUES
    ('["研发","研究开发"]', '2026-12-01 00:00:00'),
    ('["稳岗","稳定就业岗位"]', '2026-12-01 00:00:00'),
    ('["专精特新","专业化精细化特色化新颖化"]', '2026-12-01 00:00:00'),
    ('["高企","高新技术企业"]', '2026-12-01 00:00:00'),
    ('["科小","科技型中小企业"]', '2026-12-01 00:00:00'),
    ('["技改","技术改造"]', '2026-12-01 00:00:00'),
    ('["双创","大众创业万众创新"]', '2026-12-01 00:00:00'),
    ('["规上企业","规模以上企业"]', '2026-12-01 00:00:00'),
    ('["社保","社会保险"]', '2026-12-01 00:00:00'),
    ('["外贸","对外贸易"]', '2026-12-01 00:00:00'),
    ('["小微企业","小型微型企业"]', '2026-12-01 00:00:00'),
    ('["首台套","首台（套）重大技术装备"]', '2026-12-01 00:00:00');
