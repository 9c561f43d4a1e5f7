// Bootstrap Italia bundles video.js, which injects an inline <style> unless told not to;
// the Content-Security-Policy forbids inline styles, so this runs before the bundle.
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
