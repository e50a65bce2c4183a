//! Generation time and peak memory against document size: the fitted power law, the
//! documents far above it, and a log-log plot as SVG.

use std::fmt::Write;

/// One generated document.
pub struct Point<'a> {
    pub name: &'a str,
    pub bytes: u64,
    pub seconds: f64,
    pub peak_mib: f64,
}

/// `y = a * x^exponent`, fitted by least squares on logarithms.
#[derive(Clone, Copy)]
pub struct Fit {
    pub exponent: f64,
    log_a: f64,
}

impl Fit {
    fn of(points: &[(f64, f64)]) -> Option<Fit> {
        let logs: Vec<(f64, f64)> = points
            .iter()
            .filter(|(x, y)| *x > 0.0 && *y > 0.0)
            .map(|(x, y)| (x.ln(), y.ln()))
            .collect();
        let n = logs.len() as f64;
        if logs.len() < 2 {
            return None;
        }
        let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
        let covariance: f64 = logs.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
        let variance: f64 = logs.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
        if variance == 0.0 {
            return None;
        }
        let exponent = covariance / variance;
        Some(Fit {
            exponent,
            log_a: mean_y - exponent * mean_x,
        })
    }

    fn predict(&self, x: f64) -> f64 {
        (self.log_a + self.exponent * x.ln()).exp()
    }
}

/// Documents of at least this size are where a generator's own cost shows; below it,
/// fixed costs (starting a process, starting rustfmt) dominate and flatten the curve.
const LARGE: u64 = 100_000;

/// The report section, and the SVG written to `plot` when given.
pub fn section(points: &[Point], plot: Option<&std::path::Path>) -> String {
    let mut out = String::from("\n## Scaling: generation time and memory against size\n\n");
    if points.len() < 2 {
        out.push_str("Too few documents to fit.\n");
        return out;
    }
    let time: Vec<(f64, f64)> = points.iter().map(|p| (p.bytes as f64, p.seconds)).collect();
    let memory: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.bytes as f64, p.peak_mib))
        .collect();
    let large = |series: &[(f64, f64)]| -> Vec<(f64, f64)> {
        series
            .iter()
            .copied()
            .filter(|(x, _)| *x >= LARGE as f64)
            .collect()
    };
    let fits = [
        ("time", Fit::of(&time), Fit::of(&large(&time))),
        ("peak memory", Fit::of(&memory), Fit::of(&large(&memory))),
    ];
    let large_count = points.iter().filter(|p| p.bytes >= LARGE).count();
    out.push_str(&format!(
        "Each document generated in its own worker process (time inside the worker, from reading the document to writing the crate; peak resident memory from its `VmHWM`). Power laws fitted by least squares on logarithms, over all {} documents and over the {large_count} of at least {} KB, where fixed costs (starting rustfmt) no longer dominate.\n\n",
        points.len(),
        LARGE / 1000
    ));
    out.push_str("| | exponent, all documents | exponent, documents ≥ 100 KB |\n|---|---:|---:|\n");
    let shown = |fit: Option<Fit>| fit.map_or("–".to_owned(), |f| format!("{:.2}", f.exponent));
    for (what, all, big) in fits {
        out.push_str(&format!("| {what} | {} | {} |\n", shown(all), shown(big)));
    }
    if let Some(fit) = fits[0].2 {
        let mut slow: Vec<(&Point, f64)> = points
            .iter()
            .filter(|p| p.bytes >= LARGE)
            .map(|p| (p, p.seconds / fit.predict(p.bytes as f64)))
            .filter(|(_, ratio)| *ratio > 3.0)
            .collect();
        slow.sort_by(|a, b| b.1.total_cmp(&a.1));
        out.push_str(&format!(
            "\nDocuments ≥ 100 KB more than 10x slower than their size predicts: {}. More than 3x: {}{}.\n",
            slow.iter().filter(|(_, r)| *r > 10.0).count(),
            slow.len(),
            if slow.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = slow
                    .iter()
                    .take(5)
                    .map(|(p, r)| format!("`{}` ({:.1}x, {:.2} s, {:.1} MB)", p.name, r, p.seconds, p.bytes as f64 / 1e6))
                    .collect();
                format!(" (slowest: {})", names.join(", "))
            }
        ));
    }
    if let Some(path) = plot {
        let svg = plot_svg(&time, fits[0].2, &memory, fits[1].2);
        match std::fs::write(path, svg) {
            Ok(()) => out.push_str(&format!(
                "\n![generation time and peak memory against document size, log-log]({})\n",
                path.display()
            )),
            Err(error) => out.push_str(&format!("\n(the plot could not be written: {error})\n")),
        }
    }
    out
}

/// Two log-log scatter panels (time, memory) with their fitted lines.
fn plot_svg(
    time: &[(f64, f64)],
    time_fit: Option<Fit>,
    memory: &[(f64, f64)],
    memory_fit: Option<Fit>,
) -> String {
    let (width, height) = (960.0, 400.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    );
    panel(&mut svg, 0.0, "generation time (s)", time, time_fit);
    panel(
        &mut svg,
        width / 2.0,
        "peak memory (MiB)",
        memory,
        memory_fit,
    );
    svg.push_str("</svg>\n");
    svg
}

fn panel(svg: &mut String, left: f64, title: &str, points: &[(f64, f64)], fit: Option<Fit>) {
    let (x0, y0, w, h) = (left + 60.0, 30.0, 390.0, 320.0);
    let decades = |values: Box<dyn Iterator<Item = f64> + '_>| {
        let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        (
            low.log10().floor(),
            high.log10().ceil().max(low.log10().floor() + 1.0),
        )
    };
    let (xl, xh) = decades(Box::new(points.iter().map(|p| p.0).filter(|v| *v > 0.0)));
    let (yl, yh) = decades(Box::new(points.iter().map(|p| p.1).filter(|v| *v > 0.0)));
    let sx = |x: f64| x0 + (x.log10() - xl) / (xh - xl) * w;
    let sy = |y: f64| y0 + h - (y.log10() - yl) / (yh - yl) * h;
    let _ = writeln!(svg, "<text x=\"{}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">{title} against document size (bytes), log-log</text>", x0 + w / 2.0);
    let _ = writeln!(
        svg,
        "<rect x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"#444\"/>"
    );
    let clip = format!("panel{}", left as i64);
    let _ = writeln!(svg, "<clipPath id=\"{clip}\"><rect x=\"{x0}\" y=\"{y0}\" width=\"{w}\" height=\"{h}\"/></clipPath>");
    for d in (xl as i32)..=(xh as i32) {
        let x = sx(10f64.powi(d));
        let _ = writeln!(svg, "<line x1=\"{x:.1}\" y1=\"{y0}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">1e{d}</text>", y0 + h, y0 + h + 14.0);
    }
    for d in (yl as i32)..=(yh as i32) {
        let y = sy(10f64.powi(d));
        let _ = writeln!(svg, "<line x1=\"{x0}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">1e{d}</text>", x0 + w, x0 - 4.0, y + 4.0);
    }
    for (x, y) in points.iter().filter(|(x, y)| *x > 0.0 && *y > 0.0) {
        let _ = writeln!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"1.6\" fill=\"#1f77b4\" fill-opacity=\"0.5\"/>",
            sx(*x),
            sy(*y)
        );
    }
    if let Some(fit) = fit {
        let (a, b) = (10f64.powf(xl), 10f64.powf(xh));
        let _ = writeln!(
            svg,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d62728\" stroke-width=\"1.5\" clip-path=\"url(#{clip})\"/><text x=\"{}\" y=\"{}\" fill=\"#d62728\">fit over documents ≥ 100 KB: exponent {:.2}</text>",
            sx(a), sy(fit.predict(a)), sx(b), sy(fit.predict(b)), x0 + 8.0, y0 + 16.0, fit.exponent
        );
    }
}
