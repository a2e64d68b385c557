//! Every language has every message of the English files, file by file,
//! with the same attributes and the same variables, and every file parses
//! and formats without a Fluent error. A failure lists what is missing per
//! language and file, so a translator (or whoever merges new English
//! messages) knows exactly what to add.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_syntax::parser::parse;
use fluent_templates::fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SOURCE: &str = "en-US";
/// The six UN languages: the five beside English must all be there.
const LANGUAGES: [&str; 5] = ["ar", "es", "fr", "ru", "zh-CN"];

/// What a message must keep in every language.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    has_value: bool,
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// `file name → text` of one language's folder.
fn files_of(language: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(locales().join(language)).expect("a language folder") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "ftl") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            files.insert(name, std::fs::read_to_string(&path).expect("a file"));
        }
    }
    files
}

fn variables_of_inline(expression: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                variables_of_inline(argument, out);
            }
            for named in &arguments.named {
                variables_of_inline(&named.value, out);
            }
        }
        InlineExpression::Placeable { expression } => variables_of(expression, out),
        _ => {}
    }
}

fn variables_of(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            variables_of_inline(selector, out);
            for variant in variants {
                variables_in(&variant.value, out);
            }
        }
        Expression::Inline(inline) => variables_of_inline(inline, out),
    }
}

fn variables_in(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_of(expression, out);
        }
    }
}

/// The shape of each message of one file; parse errors as text.
fn shapes(text: &str) -> Result<BTreeMap<String, Shape>, String> {
    let resource = parse(text).map_err(|(_, errors)| format!("{errors:?}"))?;
    let mut shapes = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            Entry::Message(message) => {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    variables_in(value, &mut variables);
                }
                for attribute in &message.attributes {
                    variables_in(&attribute.value, &mut variables);
                }
                let shape = Shape {
                    has_value: message.value.is_some(),
                    attributes: message
                        .attributes
                        .iter()
                        .map(|a| a.id.name.to_string())
                        .collect(),
                    variables,
                };
                if shapes.insert(message.id.name.to_string(), shape).is_some() {
                    return Err(format!("{} is defined twice", message.id.name));
                }
            }
            Entry::Junk { content } => return Err(format!("unreadable: {content}")),
            _ => {}
        }
    }
    Ok(shapes)
}

#[test]
fn every_language_has_every_message_with_the_same_variables_and_attributes() {
    let english = files_of(SOURCE);
    assert!(english.len() >= 4, "the English files are not found");
    let mut problems = Vec::new();
    for language in LANGUAGES {
        let translated = files_of(language);
        for (file, text) in &english {
            let source = shapes(text).unwrap_or_else(|e| panic!("{SOURCE}/{file}: {e}"));
            let Some(translation) = translated.get(file) else {
                problems.push(format!(
                    "{language}/{file}: the file is missing ({} messages)",
                    source.len()
                ));
                continue;
            };
            let target = match shapes(translation) {
                Ok(target) => target,
                Err(e) => {
                    problems.push(format!("{language}/{file}: {e}"));
                    continue;
                }
            };
            let missing: Vec<&str> = source
                .keys()
                .filter(|id| !target.contains_key(*id))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                problems.push(format!(
                    "{language}/{file}: {} missing: {}",
                    missing.len(),
                    missing.join(", ")
                ));
            }
            for (id, shape) in &target {
                match source.get(id) {
                    None => problems.push(format!("{language}/{file}: {id} is not in {SOURCE}")),
                    Some(expected) if expected != shape => problems.push(format!(
                        "{language}/{file}: {id} differs: {SOURCE} {expected:?}, {language} {shape:?}"
                    )),
                    Some(_) => {}
                }
            }
        }
        for file in translated.keys().filter(|f| !english.contains_key(*f)) {
            problems.push(format!("{language}/{file}: no such file in {SOURCE}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Each message formats without a Fluent error in its own language (a
/// reference to a message that does not exist, a plural category the
/// language lacks is harmless but a broken placeable is not), whatever its
/// numbers: 0, 1, 2, 3, 11 and 101 reach every plural category of the six.
#[test]
fn every_message_formats_without_error_in_its_language() {
    let mut problems = Vec::new();
    for language in std::iter::once(SOURCE).chain(LANGUAGES) {
        let mut bundle = FluentBundle::new(vec![language.parse().expect("a tag")]);
        bundle.set_use_isolating(false);
        let files = files_of(language);
        for (file, text) in files {
            let resource = FluentResource::try_new(text)
                .unwrap_or_else(|(_, e)| panic!("{language}/{file}: {e:?}"));
            if let Err(errors) = bundle.add_resource(resource) {
                problems.push(format!("{language}/{file}: {errors:?}"));
            }
        }
        let english = files_of(SOURCE);
        for text in english.values() {
            for (id, shape) in shapes(text).expect("English parses") {
                let Some(message) = bundle.get_message(&id) else {
                    continue;
                };
                for n in [0, 1, 2, 3, 11, 101] {
                    let mut args = FluentArgs::new();
                    for variable in &shape.variables {
                        args.set(variable.clone(), FluentValue::from(n));
                    }
                    let mut errors = Vec::new();
                    if let Some(pattern) = message.value() {
                        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                        if text.trim().is_empty() {
                            problems.push(format!("{language}: {id} is empty for {n}"));
                        }
                    }
                    for attribute in message.attributes() {
                        bundle.format_pattern(attribute.value(), Some(&args), &mut errors);
                    }
                    if !errors.is_empty() {
                        problems.push(format!("{language}: {id} with {n}: {errors:?}"));
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
