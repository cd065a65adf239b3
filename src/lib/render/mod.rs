//! Rendering: the minijinja environment, its filters, the template context, built-in
//! and site targets.
