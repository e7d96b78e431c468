"""The three MoKA roles. Prompts are written for this project; the paper fixes only what goes in and out.

- Coder: task + MNN op + API surface + one example kernel (first draft), or plan + current code → code
  blocks, each opening with `// FileName.ext`.
- Debugger: extracted compile errors → `{"local_error_suggestion", "crossfile_error_suggestion"}`; a
  mismatch / crash report with the ONNX node and MNN op → `{"diagnosis", "correction_suggestion"}`.
- Accelerator: timing, baseline and history → one `{"bottleneck", "optimisation_method", "modification_plan"}`.
"""

from agents.roles.context import TaskContext

__all__ = ["TaskContext"]
