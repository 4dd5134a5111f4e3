//! Every export format over a store in memory and on disk.

use super::*;

fn export(store: &Store, format: ExportFormat) -> String {
    let mut out = Vec::new();
    writer(format).write(store, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn rdf_exports_reparse_with_or_without_graphs() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let triples = store.triple_count().unwrap();
    let quads = store.quad_count().unwrap();

    for format in [ExportFormat::Turtle, ExportFormat::NTriples] {
        let text = export(&store, format);
        let rdf_format = if format == ExportFormat::Turtle { RdfFormat::Turtle } else { RdfFormat::NTriples };
        let parsed = parse_rdf(rdf_format, &text);
        assert_eq!(parsed.len(), triples, "{format}");
        assert!(parsed.iter().all(|quad| quad.graph_name.is_default_graph()));
    }
    let turtle = export(&store, ExportFormat::Turtle);
    assert!(
        turtle.contains("@prefix gy: <https://w3id.org/gyoryu/ontology#> .\n") && turtle.contains("gy:Province"),
        "{turtle}"
    );
    assert!(!turtle.contains("광역자치단체"), "ontology left out by default");
    // Names under the id folders are written without escaped slashes.
    assert!(turtle.contains("province:gyeongnam") && turtle.contains("person:park"), "{turtle}");
    assert!(!turtle.contains("\\/"), "{turtle}");

    for (format, rdf_format) in [(ExportFormat::NQuads, RdfFormat::NQuads), (ExportFormat::TriG, RdfFormat::TriG)] {
        let text = export(&store, format);
        let parsed = parse_rdf(rdf_format, &text);
        assert_eq!(parsed.len(), quads, "{format}");
        let graphs: HashSet<String> = parsed.iter().map(|quad| quad.graph_name.to_string()).collect();
        assert_eq!(graphs.len(), 2, "{format}");
    }

    let mut with_ontology = Vec::new();
    writer_with_ontology(ExportFormat::TriG, true).write(&store, &mut with_ontology).unwrap();
    let parsed = parse_rdf(RdfFormat::TriG, std::str::from_utf8(&with_ontology).unwrap());
    assert_eq!(parsed.len(), quads + 5);
    let mut out = Vec::new();
    writer_with_ontology(ExportFormat::NTriples, true).write(&store, &mut out).unwrap();
    assert_eq!(parse_rdf(RdfFormat::NTriples, std::str::from_utf8(&out).unwrap()).len(), triples + 5);
}

#[test]
fn exports_are_byte_stable() {
    let first = store_with_two_articles();
    // The same articles loaded in the other order.
    let second = Store::in_memory().unwrap();
    let two = article_two();
    let one = article_one();
    second.replace_document("two.txt", &two.graph, &two.quads).unwrap();
    second.replace_document("one.txt", &one.graph, &one.quads).unwrap();
    for &format in ExportFormat::value_variants() {
        assert_eq!(export(&first, format), export(&second, format), "{format}");
    }
}

/// The two articles and the ontology in a store on disk, loaded in `order`.
fn on_disk_store(path: &Path, order: [Article; 2]) -> Store {
    let store = Store::open(path).unwrap();
    for (index, article) in order.iter().enumerate() {
        store.replace_document(&format!("{index}.txt"), &article.graph, &article.quads).unwrap();
    }
    store.load_ontology(ONTOLOGY).unwrap();
    store.flush().unwrap();
    store
}

/// Each `<tag …>…</tag>` block of an XML export with its running number
/// left out, sorted: what the export says regardless of its order.
fn xml_blocks(xml: &str, tag: &str) -> Vec<String> {
    let mut blocks: Vec<String> = xml
        .split(&format!("<{tag} "))
        .skip(1)
        .map(|block| {
            let block = &block[..block.find(&format!("</{tag}>")).unwrap()];
            let mut words: Vec<&str> = block.split(' ').collect();
            if tag == "edge" {
                assert!(words[0].starts_with("id=\""), "{block}");
                words.remove(0);
            }
            words.join(" ")
        })
        .collect();
    blocks.sort();
    blocks
}

#[test]
fn on_disk_exports_stream_in_index_order_and_are_byte_stable() {
    let folder = tempfile::tempdir().unwrap();
    let first = on_disk_store(&folder.path().join("a"), [article_one(), article_two()]);
    let second = on_disk_store(&folder.path().join("b"), [article_two(), article_one()]);
    let memory = store_with_two_articles();
    memory.load_ontology(ONTOLOGY).unwrap();
    for &format in ExportFormat::value_variants() {
        let text = export(&first, format);
        // Twice from one store, and from a store loaded in the other order.
        assert_eq!(text, export(&first, format), "{format}");
        assert_eq!(text, export(&second, format), "{format}");
        // The same contents as the in-memory store's export, whose order is by text.
        let in_memory = export(&memory, format);
        let rdf_format = match format {
            ExportFormat::Turtle => Some(RdfFormat::Turtle),
            ExportFormat::NTriples => Some(RdfFormat::NTriples),
            ExportFormat::NQuads => Some(RdfFormat::NQuads),
            ExportFormat::TriG => Some(RdfFormat::TriG),
            ExportFormat::GraphMl | ExportFormat::Gexf => None,
        };
        match rdf_format {
            Some(rdf_format) => {
                let parsed = parse_rdf(rdf_format, &text);
                assert!(parsed.len() > 20, "{format}");
                assert_eq!(parsed, parse_rdf(rdf_format, &in_memory), "{format}");
                // Nothing written twice.
                if matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
                    assert_eq!(text.lines().count(), parsed.len(), "{format}");
                }
            }
            None => {
                assert_well_formed(&text);
                assert_eq!(text.len(), in_memory.len(), "{format}");
                for tag in ["node", "edge"] {
                    assert_eq!(xml_blocks(&text, tag), xml_blocks(&in_memory, tag), "{format} {tag}");
                }
            }
        }
    }
    // Turtle opens every resource with its class.
    let turtle = export(&first, ExportFormat::Turtle);
    for block in turtle.split(" .\n").filter(|block| block.contains(" a ")) {
        let block = block.trim_start();
        if block.starts_with('@') || block.is_empty() {
            continue;
        }
        let first_predicate = block.split_whitespace().nth(1).unwrap();
        assert_eq!(first_predicate, "a", "{block}");
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn graphml_is_well_formed_and_matches_the_network() {
    let store = store_with_two_articles();
    store.load_ontology(ONTOLOGY).unwrap();
    let network = KnowledgeGraph::from_quads(store.quads().unwrap());
    assert_eq!(network.node_count(), 7);
    assert_eq!(network.edge_count(), 6);

    let graphml = export(&store, ExportFormat::GraphMl);
    assert_well_formed(&graphml);
    assert_eq!(count(&graphml, "<node "), network.node_count());
    assert_eq!(count(&graphml, "<edge "), network.edge_count());
    assert!(graphml.contains("edgedefault=\"directed\""));

    // Keys come before the graph, id == attr.name, and only portable types.
    let graph_at = graphml.find("<graph ").unwrap();
    let keys: Vec<&str> = graphml.lines().filter(|line| line.trim_start().starts_with("<key ")).collect();
    assert!(keys.len() >= 13);
    for key in &keys {
        assert!(graphml.find(key).unwrap() < graph_at);
        let attribute = |name: &str| -> String {
            let start = key.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            key[start..].split('"').next().unwrap().to_owned()
        };
        // The edges' label needs an id of its own, key ids being global.
        if attribute("id") == "edge_label" {
            assert_eq!((attribute("for").as_str(), attribute("attr.name").as_str()), ("edge", "label"));
        } else {
            assert_eq!(attribute("id"), attribute("attr.name"), "{key}");
        }
        // igraph ignores keys for all targets, and Gephi reads a label only
        // from a key for nodes or for edges.
        assert_ne!(attribute("for"), "all", "{key}");
        assert!(["string", "int", "double", "boolean"].contains(&attribute("attr.type").as_str()), "{key}");
        assert!(!["x", "y", "size", "r", "g", "b", "d3", "d7"].contains(&attribute("id").as_str()));
    }
    // Every node has label, name, kind and category; every edge label and interaction.
    for block in graphml.split("<node ").skip(1) {
        let block = &block[..block.find("</node>").unwrap()];
        for key in ["label", "name", "kind", "category", "documents"] {
            assert!(block.contains(&format!("<data key=\"{key}\">")), "{key} missing in {block}");
        }
    }
    for block in graphml.split("<edge ").skip(1) {
        let block = &block[..block.find("</edge>").unwrap()];
        assert!(block.contains("<data key=\"edge_label\">"));
        assert!(block.contains("<data key=\"interaction\">"));
    }
    assert!(graphml.contains(&format!("<node id=\"{ID}person/park\">")));
    assert!(graphml.contains("<data key=\"title\">도지사</data>"));
    assert!(graphml.contains("경남-텍사스 &quot;에너지&quot; 협약 &lt;MOU&gt; &amp; 후속"));
    assert!(graphml.contains("<data key=\"interaction\">affiliation</data>"));
    assert!(!graphml.contains("광역자치단체"));
}

#[test]
fn gexf_is_well_formed_dynamic_and_matches_the_network() {
    let store = store_with_two_articles();
    let network = KnowledgeGraph::from_quads(store.quads().unwrap());
    let gexf = export(&store, ExportFormat::Gexf);
    assert_well_formed(&gexf);
    assert!(gexf.contains("xmlns=\"http://gexf.net/1.3\""));
    assert!(gexf.contains("version=\"1.3\""));
    assert!(gexf.contains("<graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">"));
    assert_eq!(count(&gexf, "<node "), network.node_count());
    assert_eq!(count(&gexf, "<edge "), network.edge_count());
    assert!(gexf.contains("<attributes class=\"node\""));
    assert!(gexf.contains("<attributes class=\"edge\""));

    let line_of = |needle: &str| -> &str {
        gexf.lines().find(|line| line.contains(needle)).unwrap_or_else(|| panic!("{needle} not found"))
    };
    // Events have a span, a multi-day one ends on its end date.
    let agreement = line_of(&format!("<node id=\"{ID}event/aaa-0\""));
    assert!(agreement.contains("start=\"2023-10-05\" end=\"2023-10-06\""), "{agreement}");
    let visit = line_of(&format!("<node id=\"{ID}event/bbb-0\""));
    assert!(visit.contains("start=\"2023-11-21\" end=\"2023-11-21\""), "{visit}");
    // Actors are static.
    let park = line_of(&format!("<node id=\"{ID}person/park\""));
    assert!(!park.contains("start="), "{park}");
    // The edges of an event share its span; the affiliation edge is static.
    let participation = line_of(&format!("source=\"{ID}event/bbb-0\" target=\"{ID}person/park\""));
    assert!(participation.contains("start=\"2023-11-21\" end=\"2023-11-21\""), "{participation}");
    let affiliation = line_of(&format!("source=\"{ID}person/park\" target=\"{ID}province/gyeongnam\""));
    assert!(!affiliation.contains("start="), "{affiliation}");
    assert!(affiliation.contains("label=\"affiliation\""));
}

#[test]
fn empty_store_exports_are_well_formed() {
    let store = Store::in_memory().unwrap();
    assert_well_formed(&export(&store, ExportFormat::GraphMl));
    assert_well_formed(&export(&store, ExportFormat::Gexf));
    assert_eq!(parse_rdf(RdfFormat::Turtle, &export(&store, ExportFormat::Turtle)).len(), 0);
    assert_eq!(store.triple_count().unwrap(), 0);
    assert_eq!(store.document_count().unwrap(), 0);
}
