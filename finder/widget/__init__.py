"""The embeddable search widget: /widget.js for any site, /embed for iframes."""
