"""One module per layout; each draws one document onto a ReportLab canvas."""
