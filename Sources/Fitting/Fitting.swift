public enum FittingModule {}
