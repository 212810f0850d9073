"""Small widgets shared by every screen: tables, the error dialog, the reason dialog."""
