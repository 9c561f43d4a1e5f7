"""Cross-cutting helpers shared by every app. Nothing here imports an app of the portal."""
