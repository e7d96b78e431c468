"""MNN itself as the judge: its source tree and build, and dropping a candidate into it."""
