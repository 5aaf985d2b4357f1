public enum PlanningModule {}
