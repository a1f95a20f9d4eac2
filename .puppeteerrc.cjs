// The system Firefox is used for tests; never let puppeteer download a browser at install time.
module.exports = { skipDownload: true };
