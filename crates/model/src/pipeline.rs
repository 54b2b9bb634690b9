//! The stage contract, and a pipeline that checks stages fit together before it runs any.

use crate::{Doc, Layer, Layers};

/// One step of analysis. A stage never fails on text: what it cannot use it reports as a
/// [`crate::Diagnostic`] on the document and goes on.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    /// The layers that must be filled before this stage runs.
    fn requires(&self) -> Layers;
    /// The layers this stage fills.
    fn assigns(&self) -> Layers;
    fn run(&self, doc: &mut Doc);
    /// Whether the stage learns from a batch before it runs on its documents (see `learn`).
    fn learns(&self) -> bool {
        false
    }
    /// Called once per batch, after every document of the batch has passed the stages before
    /// this one and before any passes this one: what a stage learns across documents (an
    /// outlet's template lines) it learns here. Stages that return false from `learns` are
    /// never called.
    fn learn(&self, _docs: &[&Doc]) {}
}

/// A stage whose requirements no earlier stage assigns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineError {
    pub stage: &'static str,
    pub missing: Vec<Layer>,
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.missing.iter().map(|l| l.name()).collect();
        write!(
            f,
            "stage `{}` requires {} but no earlier stage assigns it",
            self.stage,
            names.join(", ")
        )
    }
}

impl std::error::Error for PipelineError {}

/// Stages in order, checked once at construction, with the time each has spent running (for
/// `attache bench`; shared by the threads that run the pipeline).
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    nanos: Vec<std::sync::atomic::AtomicU64>,
}

impl Pipeline {
    /// Checks that every stage's requirements are assigned by an earlier one, reporting every
    /// problem at once rather than the first.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, Vec<PipelineError>> {
        Pipeline::with_given(Layers::NONE, stages)
    }

    /// As [`Pipeline::new`], for callers that fill some layers themselves before running
    /// (evaluation sets the body of a gold sentence directly).
    pub fn with_given(
        given: Layers,
        stages: Vec<Box<dyn Stage>>,
    ) -> Result<Pipeline, Vec<PipelineError>> {
        let mut present = Layers::of(&[Layer::Text]).with(given);
        let mut errors = Vec::new();
        for stage in &stages {
            let missing = stage.requires().missing_from(present);
            if !missing.is_empty() {
                errors.push(PipelineError {
                    stage: stage.name(),
                    missing,
                });
            }
            present = present.with(stage.assigns());
        }
        if errors.is_empty() {
            let nanos = stages.iter().map(|_| Default::default()).collect();
            Ok(Pipeline { stages, nanos })
        } else {
            Err(errors)
        }
    }

    /// The pipeline as runs of stages: each run starts with a stage that learns from the batch
    /// (except, perhaps, the first). A batch runner runs each phase over every document, and
    /// lets the phase's first stage learn from all of them before.
    pub fn phases(&self) -> Vec<std::ops::Range<usize>> {
        let mut starts: Vec<usize> = (1..self.stages.len())
            .filter(|&k| self.stages[k].learns())
            .collect();
        starts.insert(0, 0);
        let mut phases = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(self.stages.len());
            phases.push(start..end);
        }
        phases
    }

    /// Lets the stage at `index` learn from a batch, if it learns.
    pub fn learn(&self, index: usize, docs: &[&Doc]) {
        if let Some(stage) = self.stages.get(index).filter(|s| s.learns()) {
            stage.learn(docs);
        }
    }

    /// Runs the stages in `range` on one document.
    pub fn run_stages(&self, doc: &mut Doc, range: std::ops::Range<usize>) {
        for (stage, nanos) in self.stages[range.clone()].iter().zip(&self.nanos[range]) {
            let started = std::time::Instant::now();
            stage.run(doc);
            let spent = started.elapsed().as_nanos() as u64;
            nanos.fetch_add(spent, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Each stage's name and the time it has spent running documents so far (all threads).
    pub fn stage_times(&self) -> Vec<(&'static str, std::time::Duration)> {
        self.stages
            .iter()
            .zip(&self.nanos)
            .map(|(s, n)| {
                let n = n.load(std::sync::atomic::Ordering::Relaxed);
                (s.name(), std::time::Duration::from_nanos(n))
            })
            .collect()
    }

    /// Runs every stage on one document, letting learning stages learn from it alone first.
    pub fn run(&self, doc: &mut Doc) {
        for phase in self.phases() {
            self.learn(phase.start, &[doc]);
            self.run_stages(doc, phase);
        }
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, Layers, Layers);
    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> Layers {
            self.1
        }
        fn assigns(&self) -> Layers {
            self.2
        }
        fn run(&self, _: &mut Doc) {}
    }

    #[test]
    fn reports_every_unmet_requirement_at_once() {
        let stages: Vec<Box<dyn Stage>> = vec![
            Box::new(Fake(
                "actors",
                Layers::of(&[Layer::Tokens]),
                Layers::of(&[Layer::Mentions]),
            )),
            Box::new(Fake(
                "coder",
                Layers::of(&[Layer::Mentions, Layer::Sentences]),
                Layers::of(&[Layer::Events]),
            )),
        ];
        let errors = Pipeline::new(stages).err().unwrap();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].missing, vec![Layer::Tokens]);
        assert_eq!(errors[1].missing, vec![Layer::Sentences]);
        assert!(errors[0].to_string().contains("requires tokens"));
    }

    #[test]
    fn accepts_stages_in_dependency_order() {
        let stages: Vec<Box<dyn Stage>> = vec![
            Box::new(Fake(
                "segment",
                Layers::NONE,
                Layers::of(&[Layer::Sentences, Layer::Tokens]),
            )),
            Box::new(Fake(
                "actors",
                Layers::of(&[Layer::Tokens]),
                Layers::of(&[Layer::Mentions]),
            )),
        ];
        assert_eq!(
            Pipeline::new(stages).ok().unwrap().stage_names(),
            vec!["segment", "actors"]
        );
    }
}
