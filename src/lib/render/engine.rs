//! The minijinja environment: strict undefined, chami's filters, built-in and site
//! templates, and the error messages that point at the template line.

use super::builtin::BUILTINS;
use super::error::RenderError;
use super::site::SiteTemplate;
use super::target::{FanOut, Origin, Target};
use minijinja::{Environment, UndefinedBehavior};
use std::collections::HashMap;

/// Prefix of built-in template names in the environment.
const BUILTIN_PREFIX: &str = "builtin:";
/// Prefix of output-path templates in the environment.
const OUTPUT_PREFIX: &str = "output:";

/// The environment with every template compiled, and the targets.
pub struct Engine {
    env: Environment<'static>,
    targets: Vec<Target>,
    /// Where each template name comes from, for messages.
    locations: HashMap<String, String>,
}

impl Engine {
    /// Compiles the built-in templates and the site templates; a site target named like a
    /// built-in replaces it (keeping the built-in output path unless its header says
    /// otherwise).
    pub fn new(site: Vec<SiteTemplate>) -> Result<Engine, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // A template error marks the expression at fault in release builds too (minijinja
        // does so only with debug assertions by default).
        env.set_debug(true);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid");
        env.set_syntax(syntax);
        super::filters::register(&mut env);
        let mut engine = Engine {
            env,
            targets: Vec::new(),
            locations: HashMap::new(),
        };
        let overridden: Vec<&str> = site.iter().filter_map(|s| s.target.as_deref()).collect();
        for b in BUILTINS {
            if overridden.contains(&b.name) {
                continue;
            }
            let name = format!("{BUILTIN_PREFIX}{}", b.name);
            engine.add(
                &name,
                b.source.to_string(),
                format!("built-in template {}", b.name),
            )?;
            engine.targets.push(Target {
                name: b.name.to_string(),
                origin: Origin::Builtin,
                template: name,
                output: b.output.to_string(),
                fan_out: b.fan_out,
                select: None,
            });
        }
        for s in site {
            let location = s.path.display().to_string();
            engine.add(&s.name, s.source, location)?;
            let Some(target) = s.target else { continue };
            let default_output = super::builtin::find(&target)
                .map(|b| b.output.to_string())
                .unwrap_or_else(|| target.clone());
            engine.targets.push(Target {
                origin: Origin::Site(s.path),
                template: s.name,
                output: s.header.output.unwrap_or(default_output),
                fan_out: s.header.fan_out.unwrap_or(FanOut::Once),
                select: s.header.select,
                name: target,
            });
        }
        engine.targets.sort_by(|a, b| a.name.cmp(&b.name));
        let outputs: Vec<(String, String)> = engine
            .targets
            .iter()
            .map(|t| (t.name.clone(), t.output.clone()))
            .collect();
        for (name, output) in outputs {
            let tname = format!("{OUTPUT_PREFIX}{name}");
            engine.add(&tname, output, format!("output path of target {name}"))?;
        }
        Ok(engine)
    }

    fn add(&mut self, name: &str, source: String, location: String) -> Result<(), RenderError> {
        self.locations.insert(name.to_string(), location);
        self.env
            .add_template_owned(name.to_string(), source)
            .map_err(|e| self.error(&e))
    }

    /// The targets, sorted by name.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// Renders target `t`'s template with `ctx`.
    pub fn render(&self, t: &Target, ctx: &minijinja::Value) -> Result<String, RenderError> {
        self.render_named(&t.template, ctx)
    }

    /// Renders target `t`'s output path with `ctx`.
    pub fn render_output(&self, t: &Target, ctx: &minijinja::Value) -> Result<String, RenderError> {
        self.render_named(&format!("{OUTPUT_PREFIX}{}", t.name), ctx)
    }

    fn render_named(&self, name: &str, ctx: &minijinja::Value) -> Result<String, RenderError> {
        let tmpl = self.env.get_template(name).map_err(|e| self.error(&e))?;
        tmpl.render(ctx).map_err(|e| self.error(&e))
    }

    /// Turns a minijinja error into one that names the file, line and expression.
    fn error(&self, err: &minijinja::Error) -> RenderError {
        // The innermost template (an include) is the one at fault.
        let mut e = err;
        while let Some(inner) =
            std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            e = inner;
        }
        let name = e.name().unwrap_or("?");
        let where_ = self
            .locations
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string());
        let location = match e.line() {
            Some(l) => format!("{where_}:{l}"),
            None => where_,
        };
        let message = match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        };
        let excerpt = excerpt(e);
        let unsafe_value = e
            .detail()
            .is_some_and(|d| d.starts_with(super::escape_filters::UNSAFE_PREFIX));
        let help = match e.kind() {
            _ if unsafe_value => {
                "the value would break the file's structure; `chami inventory lint` names \
                 the record and field holding it (rule unsafe-value): fix the value there"
            }
            minijinja::ErrorKind::UndefinedError => {
                "the marked expression names something the context does not have; \
                 `chami render --context` prints every name a template can use"
            }
            minijinja::ErrorKind::SyntaxError => "fix the template syntax at the marked place",
            _ => "fix the template at the marked place",
        }
        .to_string();
        RenderError::Template {
            location,
            message,
            excerpt,
            help,
        }
    }
}

/// The source line of the error with the failing expression marked.
fn excerpt(e: &minijinja::Error) -> String {
    let (Some(src), Some(line)) = (e.template_source(), e.line()) else {
        return String::new();
    };
    let Some(text) = src.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let mut out = format!("\n  | {text}");
    if let Some(range) = e.range() {
        let line_start: usize = src
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        if range.start >= line_start && range.start <= line_start + text.len() {
            let col = src[line_start..range.start].chars().count();
            let end = range.end.min(line_start + text.len()).max(range.start + 1);
            let width = src[range.start..end.min(src.len())].chars().count().max(1);
            out.push_str(&format!("\n  | {}{}", " ".repeat(col), "^".repeat(width)));
            let expr = &src[range.start..end.min(src.len())];
            out.push_str(&format!(" `{}`", expr.trim()));
        }
    }
    out
}
