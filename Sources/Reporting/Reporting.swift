public enum ReportingModule {}
