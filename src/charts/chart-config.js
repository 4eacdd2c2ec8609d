export {};
//# sourceMappingURL=chart-config.js.map